# kind: wrong
# why: scales by sqrt of v's last dim instead of q/k's d; passes visible tests because there d == dv (or q = k = 0) [visible tests: all pass]
def attention(q, k, v):
    """Atenção por produto escalar com escala, escrita do zero.

    q: (..., N, d), k: (..., M, d), v: (..., M, dv) -> (..., N, dv).
    Cada linha da saída é uma média ponderada das linhas de v; os pesos vêm de
    softmax(q @ kᵀ / sqrt(d)), normalizados sobre as M chaves (cada linha soma 1).
    Use só matmul (@), transpose e torch.softmax: nada de
    F.scaled_dot_product_attention aqui.
    """
    scores = q @ k.transpose(-2, -1) / math.sqrt(v.shape[-1])
    return torch.softmax(scores, dim=-1) @ v
