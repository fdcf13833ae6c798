def vit_num_params(img_size, patch, dim, depth, heads, head_dim=None, mlp_ratio=4.0, num_classes=10,
                   in_chans=3):
    """Número de parâmetros treináveis do VisionTransformer acima, calculado com papel e lápis.

    Não construa o modelo: some, camada por camada, pesos e vieses (bias).
    Lembre que uma LayerNorm(dim) tem 2 * dim parâmetros e que a largura da atenção
    é heads * head_dim (head_dim = dim // heads quando não for dado).
    """
    ### BEGIN SOLUTION
    width = heads * (head_dim or dim // heads)
    mlp_hidden = int(dim * mlp_ratio)
    tokens = (img_size // patch) ** 2 + 1
    embedding = (in_chans * patch * patch * dim + dim) + dim + tokens * dim
    attn = (dim * 3 * width + 3 * width) + (width * dim + dim)
    mlp = (dim * mlp_hidden + mlp_hidden) + (mlp_hidden * dim + dim)
    block = 2 * (2 * dim) + attn + mlp
    head = 2 * dim + (dim * num_classes + num_classes)
    return embedding + depth * block + head
    ### END SOLUTION
