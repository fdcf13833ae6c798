# kind: correct
# why: functools.reduce runs the blocks in order; LayerNorm is per token so normalising only token 0 equals norm-then-select; head on the class token [visible tests: all pass]
class VisionTransformer(nn.Module):
    """O ViT completo: patches -> blocos -> LayerNorm final -> classificador no token de classe."""

    def __init__(self, img_size=32, patch=4, in_chans=3, num_classes=10, dim=192, depth=6, heads=3,
                 head_dim=None, mlp_ratio=4.0):
        super().__init__()
        self.patch_embed = PatchEmbedding(img_size, patch, in_chans, dim)
        self.blocks = nn.ModuleList([TransformerBlock(dim, heads, head_dim, mlp_ratio) for _ in range(depth)])
        self.norm = nn.LayerNorm(dim)
        self.head = nn.Linear(dim, num_classes)

    def forward(self, x):
        """x: imagens (B, C, H, W) -> logits (B, num_classes).

        Tokens pelo patch_embed, todos os blocos em ordem, a LayerNorm final e, por
        fim, o classificador aplicado SÓ ao token de classe (posição 0).
        """
        import functools
        tokens = functools.reduce(lambda t, blk: blk(t), self.blocks, self.patch_embed(x))
        cls = tokens[:, 0]                 # (B, dim): LayerNorm acts per token, so norm(t)[:, 0] == norm(t[:, 0])
        return self.head(self.norm(cls))
