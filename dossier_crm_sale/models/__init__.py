from . import dossier_history
from . import res_partner
