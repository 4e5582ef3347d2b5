from . import dossier_brief
from . import dossier_contact_report
