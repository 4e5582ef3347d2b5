from . import test_dossier_contact
from . import test_install
from . import test_campaign_wizard
from . import test_contact_report
from . import test_greetings
