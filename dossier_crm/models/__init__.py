from . import dossier_contact
from . import dossier_decision
from . import dossier_interest
from . import res_config_settings
from . import res_partner
from . import mail_activity
