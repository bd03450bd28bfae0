"""warledger: turn narrative conflict reports into a sourced, audited ledger."""

__version__ = "0.1.0"
