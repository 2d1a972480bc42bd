"""warta: Indonesian news in, structured and checkable event data out.

>>> import warta
>>> nlp = warta.load()
>>> record = nlp.extract(text, published="2022-01-06")
>>> record.to_dict()["metadata"]["source"]
"""

from warta.errors import WartaError, WartaInputError
from warta.pipeline import Pipeline, load
from warta.record import Article

__version__ = "0.1.0"
__all__ = ["Article", "Pipeline", "WartaError", "WartaInputError", "__version__", "load"]
