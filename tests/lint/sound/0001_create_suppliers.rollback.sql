-- Roll back: Create the suppliers table
DROP TABLE suppliers;
