"""The families the demo links to its children are the ones the console's dev sign-in offers."""

from kria_cli.demo.families import DEMO_FAMILY_SNILS
from kria_console.people import DEMO_FAMILIES


def test_the_demo_links_the_families_the_console_offers() -> None:
    assert DEMO_FAMILY_SNILS == DEMO_FAMILIES
