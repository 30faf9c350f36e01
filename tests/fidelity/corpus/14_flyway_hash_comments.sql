--
-- Copyright 2010-2017 Boxfuse GmbH
--
-- Licensed under the Apache License, Version 2.0 (the "License");
-- you may not use this file except in compliance with the License.
-- You may obtain a copy of the License at
--
--         http://www.apache.org/licenses/LICENSE-2.0
--
-- Unless required by applicable law or agreed to in writing, software
-- distributed under the License is distributed on an "AS IS" BASIS,
-- WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.
-- See the License for the specific language governing permissions and
-- limitations under the License.
--

delimiter $$

#
# Inserts task references into the tree_views table to all results from the base query that match the given filter criteria.
# Base query must (at least) return the columns "id" and "parent_id".
#
create procedure tv_$copy_filtered (
        p_msg text
)
begin
    call log('   done');
end;
$$
