-- Merge point: joins the heads above; no schema change.
--
-- depends: 0005_seed_suppliers 0006_add_reorder_level
DO 0;
