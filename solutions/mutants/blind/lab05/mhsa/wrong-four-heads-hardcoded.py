# kind: wrong
# why: reshape hard-codes 4 heads (the visible tests' value) instead of self.heads; passes visible tests [visible tests: all pass]
class MultiHeadSelfAttention(nn.Module):
    """Auto-atenção com várias cabeças, cada uma de largura head_dim."""

    def __init__(self, dim, heads, head_dim=None, attn_fn=None):
        super().__init__()
        self.heads = heads
        self.head_dim = head_dim or dim // heads
        self.qkv = nn.Linear(dim, 3 * heads * self.head_dim)   # q, k e v de uma vez
        self.proj = nn.Linear(heads * self.head_dim, dim)      # junta as cabeças
        self.attn_fn = attn_fn or attention                    # a sua função da questão 2

    def forward(self, x):
        """x: (B, N, dim) -> (B, N, dim).

        As 3 * heads * head_dim colunas de self.qkv(x) são, em ordem: q, k, v; dentro
        de cada um, a cabeça h ocupa as colunas h * head_dim ... (h + 1) * head_dim - 1.
        1. separe q, k e v, cada um com forma (B, heads, N, head_dim);
        2. chame self.attn_fn com q, k e v: cada cabeça atende de forma independente;
        3. junte as cabeças de volta em (B, N, heads * head_dim) e aplique self.proj.
        """
        B, N, _ = x.shape
        qkv = self.qkv(x).reshape(B, N, 3, 4, -1).permute(2, 0, 3, 1, 4)
        q, k, v = qkv[0], qkv[1], qkv[2]
        out = self.attn_fn(q, k, v)
        return self.proj(out.transpose(1, 2).reshape(B, N, -1))
