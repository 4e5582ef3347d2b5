from . import dossier_campaign_wizard
from . import privacy_lookup_wizard
from . import base_partner_merge
