# kind: wrong
# why: hidden = dim * mlp_ratio without int(): right (as a float) only when dim*mlp_ratio is whole; passes visible tests [visible tests: all pass]
def vit_num_params(img_size, patch, dim, depth, heads, head_dim=None, mlp_ratio=4.0, num_classes=10,
                   in_chans=3):
    """Número de parâmetros treináveis do VisionTransformer acima, calculado com papel e lápis.

    Não construa o modelo: some, camada por camada, pesos e vieses (bias).
    Lembre que uma LayerNorm(dim) tem 2 * dim parâmetros e que a largura da atenção
    é heads * head_dim (head_dim = dim // heads quando não for dado).
    """
    hd = head_dim or dim // heads
    W = heads * hd
    hidden = dim * mlp_ratio
    N = (img_size // patch) ** 2
    total = in_chans * patch * patch * dim + dim + dim + (N + 1) * dim
    total += depth * (4 * dim + dim * 3 * W + 3 * W + W * dim + dim + 2 * dim * hidden + hidden + dim)
    return total + 2 * dim + dim * num_classes + num_classes
