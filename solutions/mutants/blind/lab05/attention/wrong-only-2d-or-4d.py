# kind: wrong
# why: transposes k with k.t() for 2-D and transpose(2, 3) otherwise: only right for 2-D and 4-D inputs (3-D raises); passes visible tests [visible tests: all pass]
def attention(q, k, v):
    """Atenção por produto escalar com escala, escrita do zero.

    q: (..., N, d), k: (..., M, d), v: (..., M, dv) -> (..., N, dv).
    Cada linha da saída é uma média ponderada das linhas de v; os pesos vêm de
    softmax(q @ kᵀ / sqrt(d)), normalizados sobre as M chaves (cada linha soma 1).
    Use só matmul (@), transpose e torch.softmax: nada de
    F.scaled_dot_product_attention aqui.
    """
    kt = k.t() if k.dim() == 2 else k.transpose(2, 3)
    scores = q @ kt / math.sqrt(q.shape[-1])
    return torch.softmax(scores, dim=-1) @ v
