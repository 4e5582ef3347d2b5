from . import dossier_contact_report
