# kind: correct
# why: chunk(3) splits q|k|v columns, each reshaped to (B, N, H, hd) and transposed to (B, H, N, hd); one attn_fn call; heads re-joined by concatenating head 0..H-1 on the last axis; proj applied; honours head_dim != dim/heads [visible tests: all pass]
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
        H, hd = self.heads, self.head_dim
        q, k, v = self.qkv(x).chunk(3, dim=-1)            # each (B, N, H * hd), in the order q, k, v

        def split_heads(t):
            return t.reshape(B, N, H, hd).transpose(1, 2)   # (B, H, N, hd)

        out = self.attn_fn(split_heads(q), split_heads(k), split_heads(v))   # (B, H, N, hd)
        merged = torch.cat([out[:, h] for h in range(H)], dim=-1)           # head h -> columns h*hd ... (h+1)*hd-1
        return self.proj(merged)
