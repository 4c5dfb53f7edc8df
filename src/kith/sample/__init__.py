"""Synthetic sample data for ``kith demo`` and the tests: a seeded network written as real export files.

``network`` makes the people and what happened with them; ``linkedin`` writes that as a LinkedIn data
export; ``demo`` builds the demo home: it imports the exports through kith's importers and logs the rest.
"""

from kith.sample.linkedin import export_files, write_export
from kith.sample.network import Network, make_network

__all__ = ["Network", "export_files", "make_network", "write_export"]
