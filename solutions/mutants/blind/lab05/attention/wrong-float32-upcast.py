# kind: wrong
# why: computes everything in float32 and returns float32 whatever the input dtype (dtype not preserved); passes visible float32 tests [visible tests: all pass]
def attention(q, k, v):
    """Atenção por produto escalar com escala, escrita do zero.

    q: (..., N, d), k: (..., M, d), v: (..., M, dv) -> (..., N, dv).
    Cada linha da saída é uma média ponderada das linhas de v; os pesos vêm de
    softmax(q @ kᵀ / sqrt(d)), normalizados sobre as M chaves (cada linha soma 1).
    Use só matmul (@), transpose e torch.softmax: nada de
    F.scaled_dot_product_attention aqui.
    """
    qf, kf, vf = q.float(), k.float(), v.float()
    scores = qf @ kf.transpose(-2, -1) / math.sqrt(qf.shape[-1])
    return torch.softmax(scores, dim=-1) @ vf
