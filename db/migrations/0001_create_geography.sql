-- Greece's administrative units (Kleisthenis 2019): regions (ISO 3166-2:GR), regional units,
-- municipalities (ELSTAT 2021 codes) and Mount Athos. Rows come from db/reference/, loaded by the
-- migrator after the migrations; see db/reference/README.md for sources and licences.
CREATE TABLE admin_units (
  code        text PRIMARY KEY,
  level       text NOT NULL CHECK (level IN ('region', 'regional_unit', 'municipality', 'self_governed')),
  parent_code text REFERENCES admin_units (code),
  name_el     text NOT NULL,
  name_en     text NOT NULL,
  nuts_code   text,
  CHECK ((level IN ('region', 'self_governed')) = (parent_code IS NULL))
);
CREATE INDEX admin_units_parent_idx ON admin_units (parent_code);

CREATE TABLE reference_data_loads (
  name       text PRIMARY KEY,
  checksum   text NOT NULL,
  row_count  integer NOT NULL,
  loaded_at  timestamptz NOT NULL DEFAULT now()
);
