from . import dossier_receivable_report
