from . import test_products_bought
from . import test_sale_access
from . import test_sale_history
from . import test_dossier_brief_sale
