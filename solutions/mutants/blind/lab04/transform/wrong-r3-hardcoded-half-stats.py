# kind: wrong
# why: Hard-codes mean = std = 0.5 and a square side from size["height"] (true for this checkpoint only); another processor gets wrong normalization/shape; violates "normalize com processor.image_mean e processor.image_std" and "lemos do processador em vez de decorar números".
def make_transform(processor):
    """Cria a função que o dataset aplica, sob demanda, a cada lote de exemplos.

    A função devolvida, transform(batch), recebe um dicionário de listas
    {"img": [imagens PIL], "label": [ints]} e devolve
    {"pixel_values": [tensores float32 (3, H, W)], "label": a mesma lista de rótulos}.
    Cada imagem é convertida para RGB, redimensionada para
    (processor.size["height"], processor.size["width"]), levada a [0, 1] e
    normalizada com processor.image_mean e processor.image_std, exatamente como no
    pré-treinamento do modelo.
    """
    # o ViT do Google usa média = desvio = 0,5 (veja a célula do processador)
    side = processor.size["height"]
    tfm = v2.Compose([v2.ToImage(), v2.Resize((side, side)), v2.ToDtype(torch.float32, scale=True),
                      v2.Normalize([0.5, 0.5, 0.5], [0.5, 0.5, 0.5])])

    def transform(batch):
        return {"pixel_values": [tfm(img.convert("RGB")) for img in batch["img"]], "label": batch["label"]}

    return transform
