# kind: wrong
# why: runs the blocks under torch.no_grad() (to save memory): values right, passes visible tests, but the blocks and embeddings never train [visible tests: all pass]
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
        t = self.patch_embed(x)
        with torch.no_grad():
            for blk in self.blocks:
                t = blk(t)
        return self.head(self.norm(t)[:, 0])
