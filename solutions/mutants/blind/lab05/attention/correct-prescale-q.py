# kind: correct
# why: scales q by d**-0.5 before the matmul (same maths), transposes the last two axes of k whatever the leading dims, softmax over keys [visible tests: all pass]
def attention(q, k, v):
    """Atenção por produto escalar com escala, escrita do zero.

    q: (..., N, d), k: (..., M, d), v: (..., M, dv) -> (..., N, dv).
    Cada linha da saída é uma média ponderada das linhas de v; os pesos vêm de
    softmax(q @ kᵀ / sqrt(d)), normalizados sobre as M chaves (cada linha soma 1).
    Use só matmul (@), transpose e torch.softmax: nada de
    F.scaled_dot_product_attention aqui.
    """
    def _swap_last_two(t):
        # works for (N, d), (B, N, d), (B, H, N, d), ...
        return t.transpose(-1, -2)

    inv_sqrt_d = q.size(-1) ** -0.5                   # python float: keeps q's dtype
    logits = torch.matmul(q * inv_sqrt_d, _swap_last_two(k))   # (..., N, M)
    probs = torch.softmax(logits, dim=-1)
    return torch.matmul(probs, v)                      # (..., N, dv)
