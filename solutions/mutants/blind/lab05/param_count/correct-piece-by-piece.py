# kind: correct
# why: sums each layer's weights and biases by hand: conv, cls, positions, per block 2 LN + qkv + proj + MLP with hidden=int(dim*mlp_ratio), final LN, head; attention width heads*head_dim [visible tests: all pass]
def vit_num_params(img_size, patch, dim, depth, heads, head_dim=None, mlp_ratio=4.0, num_classes=10,
                   in_chans=3):
    """Número de parâmetros treináveis do VisionTransformer acima, calculado com papel e lápis.

    Não construa o modelo: some, camada por camada, pesos e vieses (bias).
    Lembre que uma LayerNorm(dim) tem 2 * dim parâmetros e que a largura da atenção
    é heads * head_dim (head_dim = dim // heads quando não for dado).
    """
    head_dim = head_dim or dim // heads
    width = heads * head_dim                       # total attention width
    hidden = int(dim * mlp_ratio)                  # same rounding as the model's __init__
    n_patches = (img_size // patch) ** 2
    embed = in_chans * patch * patch * dim + dim   # conv weight + bias
    embed += dim + (n_patches + 1) * dim           # class token + positions
    block = 2 * (2 * dim)                          # two LayerNorms
    block += dim * 3 * width + 3 * width           # qkv
    block += width * dim + dim                     # proj
    block += dim * hidden + hidden + hidden * dim + dim   # MLP
    return embed + depth * block + 2 * dim + dim * num_classes + num_classes
