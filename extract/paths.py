"""Where the project's data lives, and how its YAML vocabularies are read."""
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
SCHEMA_DIR = ROOT / "schema"

# libyaml's parser when PyYAML was built with it: a tenth of the pure-Python parser's time
# (0.1 s for unit_aliases.yml, paid by every process that extracts), the same values.
SCHEMA_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_schema_yaml(path: Path):
    """A vocabulary file of `schema/` as Python values: `read_schema_yaml(SCHEMA_DIR / 'section_roles.yml')`."""
    return yaml.load(Path(path).read_text(encoding="utf-8"), Loader=SCHEMA_YAML_LOADER)
