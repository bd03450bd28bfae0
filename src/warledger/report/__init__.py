"""A static, offline HTML site of a ledger's audit, for Wikipedia editors.

``write_site(ledger, out_dir)`` writes ``index.html`` (every document ranked by the weight of its findings)
and ``doc/<page>.html`` per document (each finding with its arithmetic and the sentences it compares, the
figures marked and the article's sections linked). See :mod:`warledger.report.evidence` for the weights.
"""

from warledger.report.evidence import KIND_WEIGHTS, finding_weight
from warledger.report.links import page_name
from warledger.report.site import SiteSummary, write_site

__all__ = ["KIND_WEIGHTS", "SiteSummary", "finding_weight", "page_name", "write_site"]
