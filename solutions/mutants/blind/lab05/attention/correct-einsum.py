# kind: correct
# why: einsum for q·kᵀ and for weights·v with ellipsis leading dims, scale 1/sqrt(d) with d = q.shape[-1], torch.softmax over keys; dtype preserved (python float scale) [visible tests: all pass]
def attention(q, k, v):
    """Atenção por produto escalar com escala, escrita do zero.

    q: (..., N, d), k: (..., M, d), v: (..., M, dv) -> (..., N, dv).
    Cada linha da saída é uma média ponderada das linhas de v; os pesos vêm de
    softmax(q @ kᵀ / sqrt(d)), normalizados sobre as M chaves (cada linha soma 1).
    Use só matmul (@), transpose e torch.softmax: nada de
    F.scaled_dot_product_attention aqui.
    """
    d = q.shape[-1]
    scores = torch.einsum("...nd,...md->...nm", q, k) / math.sqrt(d)
    weights = torch.softmax(scores, dim=-1)           # each query's weights sum to 1 over the M keys
    return torch.einsum("...nm,...me->...ne", weights, v)
