from . import dossier_brief
