"""The vocabularies of schema/ read with libyaml's parser (extract.paths.read_schema_yaml) give the
values PyYAML's own safe parser gives: the faster parser changes no rule."""
from __future__ import annotations

import pytest
import yaml

from extract.paths import SCHEMA_DIR, read_schema_yaml


@pytest.mark.parametrize("path", sorted(SCHEMA_DIR.glob("*.yml")), ids=lambda p: p.name)
def test_libyaml_reads_what_the_python_parser_reads(path):
    assert read_schema_yaml(path) == yaml.safe_load(path.read_text(encoding="utf-8"))


def test_libyaml_is_used_where_pyyaml_has_it():
    from extract.paths import SCHEMA_YAML_LOADER

    assert SCHEMA_YAML_LOADER is (yaml.CSafeLoader if yaml.__with_libyaml__ else yaml.SafeLoader)
