from . import res_partner
from . import mailing_trace
from . import dossier_history
