# kind: wrong
# why: Caches one ResNet per pretrained flag at module level and returns the same object every call (only swapping fc), so a second call returns the already fine-tuned/modified network instead of the ImageNet weights; violates "Carregue models.resnet18 com os pesos do ImageNet quando pretrained for verdadeiro".
def build_resnet18(num_classes: int = 10, pretrained: bool = True) -> nn.Module:
    """A ResNet-18 do torchvision com pesos do ImageNet (se pretrained) e uma cabeça nova.

    Carregue models.resnet18 com os pesos do ImageNet quando pretrained for verdadeiro
    (weights=models.ResNet18_Weights.IMAGENET1K_V1; "IMAGENET1K_V1" e "DEFAULT" são a mesma
    coisa escrita de outro jeito) e weights=None caso contrário, e troque a camada final
    (model.fc, feita para as 1000 classes do ImageNet) por uma nn.Linear nova, com
    num_classes saídas. Todas as camadas continuam treináveis (ajuste fino completo).
    """
    cache = globals().setdefault("_resnet_cache", {})
    if pretrained not in cache:  # carregar os pesos demora: faz uma vez só
        cache[pretrained] = models.resnet18(
            weights=models.ResNet18_Weights.IMAGENET1K_V1 if pretrained else None)
    model = cache[pretrained]
    model.fc = nn.Linear(512, num_classes)
    return model
