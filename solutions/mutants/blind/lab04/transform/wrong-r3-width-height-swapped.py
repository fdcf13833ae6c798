# kind: wrong
# why: Passes (width, height) to v2.Resize, which expects (height, width); only right for square sizes like 224x224; violates "redimensione para (processor.size[\"height\"], processor.size[\"width\"])".
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
    size = (processor.size["width"], processor.size["height"])
    tfm = v2.Compose([v2.ToImage(), v2.Resize(size), v2.ToDtype(torch.float32, scale=True),
                      v2.Normalize(processor.image_mean, processor.image_std)])

    def transform(batch):
        images = [img.convert("RGB") for img in batch["img"]]
        return {"pixel_values": [tfm(img) for img in images], "label": batch["label"]}

    return transform
