from . import test_dossier_contact
from . import test_install
from . import test_receivables
