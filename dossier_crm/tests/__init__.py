from . import test_dossier_contact
from . import test_install
from . import test_dossier_facts
from . import test_dossier_followup
from . import test_dossier_note
from . import test_dossier_project
from . import test_dossier_brief
