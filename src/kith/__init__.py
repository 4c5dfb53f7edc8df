"""kith: a local-first relationship system that keeps connections and relationships apart."""

__version__ = "0.1.0"
