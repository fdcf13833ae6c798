# kind: correct
# why: does it by hand: PIL convert('RGB') and resize((width, height), BILINEAR), NumPy to a CHW float32 tensor / 255, then (x - mean) / std with broadcasting; reads only processor.size / image_mean / image_std
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
    mean = torch.tensor(processor.image_mean, dtype=torch.float32).view(-1, 1, 1)
    std = torch.tensor(processor.image_std, dtype=torch.float32).view(-1, 1, 1)

    def one(image):
        rgb = image.convert("RGB").resize((width, height), resample=Image.BILINEAR)  # PIL: (largura, altura)
        x = torch.from_numpy(np.array(rgb, dtype=np.float32)).permute(2, 0, 1) / 255.0
        return ((x - mean) / std).contiguous()

    def transform(batch):
        return {"pixel_values": [one(image) for image in batch["img"]], "label": batch["label"]}

    return transform
