# kind: wrong
# why: casts the input to float32 first, so a half/bf16 block returns (or errors on) the wrong dtype; passes visible float32 tests [visible tests: all pass]
class TransformerBlock(nn.Module):
    """Bloco do encoder com pré-normalização (pre-norm), como no ViT."""

    def __init__(self, dim, heads, head_dim=None, mlp_ratio=4.0, attention_cls=None):
        super().__init__()
        attention_cls = attention_cls or MultiHeadSelfAttention
        hidden = int(dim * mlp_ratio)
        self.norm1 = nn.LayerNorm(dim)
        self.attn = attention_cls(dim, heads, head_dim)
        self.norm2 = nn.LayerNorm(dim)
        self.mlp = nn.Sequential(nn.Linear(dim, hidden), nn.GELU(), nn.Linear(hidden, dim))

    def forward(self, x):
        """x: (B, N, dim) -> (B, N, dim).

        Dois ramos residuais, cada um com a sua LayerNorm ANTES da camada:
        primeiro a atenção (norm1, attn), depois o MLP (norm2, mlp).
        """
        x = x.float()
        x = x + self.attn(self.norm1(x))
        return x + self.mlp(self.norm2(x))
