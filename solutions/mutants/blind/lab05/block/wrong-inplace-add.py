# kind: wrong
# why: x += ... modifies the caller's input tensor in place (and breaks autograd on leaves); fails visible block_t2 because the test reuses x [visible tests: FAIL block_t2]
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
        x += self.attn(self.norm1(x))
        x += self.mlp(self.norm2(x))
        return x
