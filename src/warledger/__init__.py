"""warledger: turn narrative conflict reports into a sourced, audited ledger."""

__version__ = "0.1.0"


def open(location: str = "ledger.db", create: bool = True):  # the API the README promises: warledger.open(path)
    """Open the ledger at ``location`` (a SQLite file path or a ``postgresql://`` URL).

    With ``create=False`` a SQLite file that does not exist is an error, not a new empty ledger.

    >>> import tempfile, os
    >>> led = open(os.path.join(tempfile.mkdtemp(), "l.db"))
    >>> led.counts()["events"]
    0
    """
    from warledger.ledger import Ledger

    return Ledger.open(location, create)
