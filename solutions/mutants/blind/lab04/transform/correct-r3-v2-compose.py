# kind: correct
# why: Reads only size/mean/std from the processor, builds a v2.Compose (ToImage, bilinear Resize to (height, width), ToDtype scale, Normalize) and applies it per image after convert("RGB").
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
    height, width = processor.size["height"], processor.size["width"]
    pipeline = v2.Compose([
        v2.ToImage(),
        v2.Resize((height, width), interpolation=v2.InterpolationMode.BILINEAR),
        v2.ToDtype(torch.float32, scale=True),
        v2.Normalize(mean=list(processor.image_mean), std=list(processor.image_std)),
    ])

    def transform(batch):
        pixel_values = [pipeline(image.convert("RGB")) for image in batch["img"]]
        return {"pixel_values": pixel_values, "label": batch["label"]}

    return transform
