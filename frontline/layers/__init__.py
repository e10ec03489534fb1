"""Territory: the control model over time and the writers of its layers.

Empty until the control-model issue lands; :mod:`frontline.geo` never imports
from here.
"""

__all__: list[str] = []
