from . import dossier_brief
from . import dossier_contact_report
from . import dossier_receivable_report
from . import dossier_brief_history
