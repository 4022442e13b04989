from .approval_digest import approval_digest, approval_line_content, fixed_point
