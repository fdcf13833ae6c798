# kind: wrong
# why: class token is detached before the concat, so it never receives gradients (not a learned parameter any more); passes visible tests [visible tests: all pass]
class PatchEmbedding(nn.Module):
    """Corta a imagem em patches e transforma cada um em um token de dimensão dim."""

    def __init__(self, img_size=32, patch=4, in_chans=3, dim=192):
        super().__init__()
        self.num_patches = (img_size // patch) ** 2
        # Uma conv com kernel = stride = patch é uma camada linear aplicada a cada patch.
        self.proj = nn.Conv2d(in_chans, dim, kernel_size=patch, stride=patch)
        self.cls_token = nn.Parameter(torch.zeros(1, 1, dim))
        self.pos_embed = nn.Parameter(0.02 * torch.randn(1, self.num_patches + 1, dim))

    def forward(self, x):
        """x: imagens (B, C, H, W) -> tokens (B, 1 + N, dim), N = (H / patch) * (W / patch).

        1. self.proj(x) dá (B, dim, H/patch, W/patch): um vetor por patch;
        2. vire a grade em uma sequência (B, N, dim), patches em ordem de leitura
           (linha por linha, da esquerda para a direita);
        3. ponha o token de classe (self.cls_token, um por imagem do batch) na posição 0;
        4. some self.pos_embed a todos os tokens (o de classe incluído).
        """
        t = self.proj(x).flatten(2).transpose(1, 2)
        cls = self.cls_token.detach().expand(t.shape[0], -1, -1)
        return torch.cat([cls, t], dim=1) + self.pos_embed
