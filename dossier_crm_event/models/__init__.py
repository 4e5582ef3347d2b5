from . import res_config_settings
from . import dossier_contact
from . import dossier_history
from . import event_registration
from . import res_partner
