# kind: correct
# why: lists every parameter's shape as plain tuples (no modules) and sums math.prod over them; int result [visible tests: all pass]
def vit_num_params(img_size, patch, dim, depth, heads, head_dim=None, mlp_ratio=4.0, num_classes=10,
                   in_chans=3):
    """Número de parâmetros treináveis do VisionTransformer acima, calculado com papel e lápis.

    Não construa o modelo: some, camada por camada, pesos e vieses (bias).
    Lembre que uma LayerNorm(dim) tem 2 * dim parâmetros e que a largura da atenção
    é heads * head_dim (head_dim = dim // heads quando não for dado).
    """
    hd = head_dim if head_dim else dim // heads
    W = heads * hd
    hidden = int(dim * mlp_ratio)
    grid = img_size // patch
    shapes = [(dim, in_chans, patch, patch), (dim,), (1, 1, dim), (1, grid * grid + 1, dim)]
    for _ in range(depth):
        shapes += [(dim,), (dim,),                  # norm1
                   (3 * W, dim), (3 * W,),          # qkv
                   (dim, W), (dim,),                # proj
                   (dim,), (dim,),                  # norm2
                   (hidden, dim), (hidden,), (dim, hidden), (dim,)]   # mlp
    shapes += [(dim,), (dim,), (num_classes, dim), (num_classes,)]
    return sum(math.prod(s) for s in shapes)
