from . import sale_order_contract_reject
