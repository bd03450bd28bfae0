"""warledger: turn narrative conflict reports into a sourced, audited ledger."""

__version__ = "0.1.0"


def open(location: str = "ledger.db"):  # the API the README promises: warledger.open(path)
    """Open the ledger at ``location`` (a SQLite file path).

    >>> import tempfile, os
    >>> led = open(os.path.join(tempfile.mkdtemp(), "l.db"))
    >>> led.counts()["events"]
    0
    """
    from warledger.ledger import Ledger

    return Ledger.open(location)
