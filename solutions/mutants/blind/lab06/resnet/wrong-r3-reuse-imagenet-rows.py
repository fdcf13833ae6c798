# kind: wrong
# why: Keeps the ImageNet head and just slices its first num_classes rows, so the head is not new nor randomly initialised; violates "trocamos só a última camada ... por uma nova, 512 → 10, inicializada ao acaso".
def build_resnet18(num_classes: int = 10, pretrained: bool = True) -> nn.Module:
    """A ResNet-18 do torchvision com pesos do ImageNet (se pretrained) e uma cabeça nova.

    Carregue models.resnet18 com os pesos do ImageNet quando pretrained for verdadeiro
    (weights=models.ResNet18_Weights.IMAGENET1K_V1; "IMAGENET1K_V1" e "DEFAULT" são a mesma
    coisa escrita de outro jeito) e weights=None caso contrário, e troque a camada final
    (model.fc, feita para as 1000 classes do ImageNet) por uma nn.Linear nova, com
    num_classes saídas. Todas as camadas continuam treináveis (ajuste fino completo).
    """
    weights = models.ResNet18_Weights.IMAGENET1K_V1 if pretrained else None
    model = models.resnet18(weights=weights)
    head = model.fc
    # aproveita as primeiras linhas da camada antiga, em vez de começar do zero
    head.weight = nn.Parameter(head.weight.data[:num_classes].clone())
    head.bias = nn.Parameter(head.bias.data[:num_classes].clone())
    head.out_features = num_classes
    return model
