from . import test_mailing_dossier
from . import test_mailing_history
from . import test_campaign_mailing_list
