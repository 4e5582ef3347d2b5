from . import dossier_campaign_wizard
